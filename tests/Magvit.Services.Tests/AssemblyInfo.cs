// Each test class starts service hosts that use every core inside libtorch: run classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
