using Microsoft.Extensions.Options;

namespace Porch.PackageVariants.Internal;

/// <summary>Validates <see cref="PackageVariantControllerOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class PackageVariantControllerOptionsValidator : IValidateOptions<PackageVariantControllerOptions>;
