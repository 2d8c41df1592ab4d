"""Token chunks and headers ↔ the generated magvit.v1 messages (needs generate.sh's output)."""

import unittest

from magvit.v1 import model_pb2, stream_summary_pb2, tokens_pb2

from magvit_client import ContractError, TokenHeader
from magvit_client.convert import chunk_ids, to_dict, token_chunk, token_header_from_proto, token_header_to_proto


class ConvertTests(unittest.TestCase):
    header = TokenHeader(codebook_bits=18, height=1, width=3, frames=2, weights_sha256="ab" * 32,
                         spatial_factor=8, temporal_factor=4, frame_rule="FRAME_RULE_CAUSAL")

    def test_token_header_round_trips_through_proto(self):
        message = token_header_to_proto(self.header)
        self.assertEqual(tokens_pb2.RASTER_ORDER_TIME_ROW_COLUMN, message.raster_order)
        self.assertEqual(tokens_pb2.TOKEN_BIT_ORDER_LSB_FIRST, message.bit_order)
        self.assertEqual(self.header, token_header_from_proto(message))

    def test_token_chunk_packed_holds_proto_example_bytes(self):
        chunk = token_chunk(0, 0, [[1, 1 << 17, 3]], 18)
        self.assertEqual(bytes.fromhex("01000000380000"), chunk.packed_tokens)
        self.assertEqual([1, 1 << 17, 3], chunk_ids(chunk, self.header))

    def test_chunk_ids_both_encodings_give_same_ids(self):
        frames = [[5, 6, 7], [8, 9, (1 << 18) - 1]]
        packed = token_chunk(3, 4, frames, 18, tokens_pb2.TOKEN_ENCODING_PACKED)
        listed = token_chunk(3, 4, frames, 18, tokens_pb2.TOKEN_ENCODING_UINT32)
        self.assertEqual((3, 4, 2), (listed.sequence_number, listed.first_latent_frame, listed.latent_frame_count))
        self.assertEqual([5, 6, 7, 8, 9, (1 << 18) - 1], chunk_ids(packed, self.header))
        self.assertEqual(chunk_ids(packed, self.header), chunk_ids(listed, self.header))

    def test_chunk_ids_wrong_count_or_empty_chunk_is_contract_error(self):
        with self.assertRaises(ContractError):
            chunk_ids(token_chunk(0, 0, [[1, 2]], 18, tokens_pb2.TOKEN_ENCODING_UINT32), self.header)
        with self.assertRaises(ContractError):
            chunk_ids(tokens_pb2.TokenChunk(latent_frame_count=1), self.header)

    def test_to_dict_summary_gives_ints_seconds_and_none_for_unset(self):
        summary = stream_summary_pb2.StreamSummary(frames=2**40, latent_frames=3)
        summary.elapsed.FromMilliseconds(1500)
        result = to_dict(summary)
        self.assertEqual(2**40, result["frames"])
        self.assertEqual(1.5, result["elapsed"])
        self.assertIsNone(result["model_time"])

    def test_to_dict_enums_by_name_and_repeated_as_lists(self):
        info = model_pb2.ModelInfo(codebook_bits=18, pixel_formats=[1])
        info.geometry.frame_rule = model_pb2.FRAME_RULE_CAUSAL
        result = to_dict(info)
        self.assertEqual(["PIXEL_FORMAT_RGB24"], result["pixel_formats"])
        self.assertEqual("FRAME_RULE_CAUSAL", result["geometry"]["frame_rule"])
        self.assertIsNone(result["identity"])


if __name__ == "__main__":
    unittest.main()
