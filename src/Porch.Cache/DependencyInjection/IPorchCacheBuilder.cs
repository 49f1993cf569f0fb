using Porch.Engine;

namespace Porch.Cache;

/// <summary>
/// The engine builder as <c>WithCache()</c> returns it: the cache's own methods (<c>WithRepositorySource</c>,
/// <c>WithRepositoryFolder</c>, and a storage such as <c>UseSqlite(path)</c> from Porch.Cache.Sqlite or
/// <c>UsePostgreSql()</c> from Porch.Cache.PostgreSql) extend it, and every engine <c>With*</c> method still chains.
/// </summary>
public interface IPorchCacheBuilder : IPorchEngineBuilder;
