// One ffmpeg at a time on a shared machine, and one test hides ffmpeg by changing PATH: no parallel tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
