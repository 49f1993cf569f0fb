using Microsoft.Extensions.Options;

namespace Porch.Watch;

/// <summary>Validates <see cref="WatchOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class WatchOptionsValidator : IValidateOptions<WatchOptions>;
