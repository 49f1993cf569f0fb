namespace Porch.Starlark.Syntax;

/// <summary>A scanned token. <see cref="Text"/> holds an identifier's name or a string literal's byte string.</summary>
internal readonly record struct Token(TokenKind Kind, Pos Pos, string? Text = null, object? Value = null);
