// libtorch already uses every core inside one op, and the media tests change PATH to hide ffmpeg: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
