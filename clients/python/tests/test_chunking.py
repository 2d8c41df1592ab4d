"""Frame chunking per frames.proto: 1 … 64 KiB chunks, sequence numbers from 0, offsets the bytes before."""

import unittest

from magvit_client import MAX_CHUNK_BYTES, FrameAssembler, FrameChunker, split


class FrameChunkerTests(unittest.TestCase):
    def test_split_large_frame_gives_full_64_kib_chunks_then_rest(self):
        data = bytes(range(256)) * 1000  # 256,000 bytes
        pieces = split(data)
        self.assertEqual([MAX_CHUNK_BYTES] * 3 + [256_000 - 3 * MAX_CHUNK_BYTES], [len(p) for p in pieces])
        self.assertEqual(data, b"".join(pieces))

    def test_split_empty_gives_no_chunks(self):
        self.assertEqual([], split(b""))

    def test_split_limit_outside_1_to_64_kib_rejected(self):
        for limit in (0, MAX_CHUNK_BYTES + 1):
            with self.subTest(limit=limit), self.assertRaises(ValueError):
                split(b"abc", limit)

    def test_chunk_across_calls_numbers_and_offsets_run_on(self):
        chunker = FrameChunker(max_chunk_bytes=4)
        first = chunker.chunk(b"abcdefghij")  # a 10-byte frame: 4 + 4 + 2
        second = chunker.chunk(b"klmnopqrst")
        chunks = first + second
        self.assertEqual(list(range(6)), [c.sequence_number for c in chunks])
        self.assertEqual([0, 4, 8, 10, 14, 18], [c.offset for c in chunks])
        self.assertEqual(b"abcdefghijklmnopqrst", b"".join(c.data for c in chunks))
        self.assertTrue(all(1 <= len(c.data) <= 4 for c in chunks))

    def test_chunk_every_chunk_at_most_64_kib_and_offsets_are_running_sums(self):
        chunker = FrameChunker()
        frame = bytes(160 * 144 * 3)  # 69,120 bytes: one frame spans two chunks
        chunks = [c for _ in range(3) for c in chunker.chunk(frame)]
        offset = 0
        for n, chunk in enumerate(chunks):
            self.assertEqual(n, chunk.sequence_number)
            self.assertEqual(offset, chunk.offset)
            self.assertTrue(1 <= len(chunk.data) <= MAX_CHUNK_BYTES)
            offset += len(chunk.data)
        self.assertEqual(3 * len(frame), offset)


class FrameAssemblerTests(unittest.TestCase):
    def test_accept_chunks_across_frame_boundaries_yields_whole_frames(self):
        frames = [bytes([f]) * 6 for f in range(3)]
        chunker = FrameChunker(max_chunk_bytes=4)
        assembler = FrameAssembler(frame_bytes=6, frame_count=3)
        out = []
        for chunk in chunker.chunk(b"".join(frames)):
            out += assembler.accept(chunk.sequence_number, chunk.offset, chunk.data)
        assembler.complete()
        self.assertEqual(frames, out)

    def test_accept_gap_in_sequence_numbers_rejected(self):
        assembler = FrameAssembler(frame_bytes=6)
        assembler.accept(0, 0, b"abc")
        with self.assertRaises(ValueError):
            assembler.accept(2, 3, b"def")

    def test_accept_wrong_offset_rejected(self):
        assembler = FrameAssembler(frame_bytes=6)
        assembler.accept(0, 0, b"abc")
        with self.assertRaises(ValueError):
            assembler.accept(1, 4, b"def")

    def test_accept_empty_or_oversized_chunk_rejected(self):
        with self.assertRaises(ValueError):
            FrameAssembler(frame_bytes=6).accept(0, 0, b"")
        with self.assertRaises(ValueError):
            FrameAssembler(frame_bytes=6).accept(0, 0, bytes(MAX_CHUNK_BYTES + 1))

    def test_accept_past_announced_frame_count_rejected(self):
        assembler = FrameAssembler(frame_bytes=2, frame_count=1)
        with self.assertRaises(ValueError):
            assembler.accept(0, 0, b"abc")

    def test_complete_partial_last_frame_or_fewer_frames_rejected(self):
        partial = FrameAssembler(frame_bytes=6)
        partial.accept(0, 0, b"abcdefgh")
        with self.assertRaises(ValueError):
            partial.complete()
        short = FrameAssembler(frame_bytes=2, frame_count=2)
        short.accept(0, 0, b"ab")
        with self.assertRaises(ValueError):
            short.complete()


if __name__ == "__main__":
    unittest.main()
