namespace Porch.Cache.Tests.Storage;

/// <summary>The storage-independent cache tests on the memory storage (the default: no storage chosen).</summary>
public sealed class MemoryCacheStorageTests : CacheStorageTests
{
    protected override bool IsDatabase => false;

    protected override void UseStorage(IPorchCacheBuilder cache)
    {
    }
}
