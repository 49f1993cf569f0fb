using Porch.Krm.Functions;
using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>A pipeline step whose image is resolved and whose runner was found.</summary>
internal sealed record PreparedFunction(KptFunction Function, string Image, IFunctionRunner Runner, string ListName);
