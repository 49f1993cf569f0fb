using Microsoft.Extensions.Options;

namespace Porch.Engine;

/// <summary>Validates <see cref="PorchEngineOptions"/> at start.</summary>
[OptionsValidator]
internal sealed partial class PorchEngineOptionsValidator : IValidateOptions<PorchEngineOptions>;
