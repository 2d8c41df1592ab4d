// libtorch already uses every core inside one op, and the leak tests count process-wide live tensors: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
