// The hosts use every core inside libtorch, and some tests stop and restart them: run classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
