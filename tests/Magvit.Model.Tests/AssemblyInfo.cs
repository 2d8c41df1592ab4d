// libtorch already uses every core inside one op, and some tests switch the process-wide default device
// (META, to enumerate the full-size models' keys without allocating them): run tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
