// The hosts use every core inside libtorch and the subprocesses add their own: run tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
