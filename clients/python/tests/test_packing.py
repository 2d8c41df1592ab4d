"""Token packing per tokens.proto: K bits per token, little-endian, LSB-first, zero pad bits."""

import random
import unittest

from magvit_client import pack_tokens, packed_length, require_ids, unpack_tokens


class PackTokensTests(unittest.TestCase):
    def test_pack_tokens_proto_example_gives_documented_bytes(self):
        # tokens.proto: K = 18, ids [1, 2^17, 3] → 54 bits → 7 bytes 01 00 00 00 38 00 00.
        self.assertEqual(bytes.fromhex("01000000380000"), pack_tokens([1, 1 << 17, 3], 18))

    def test_unpack_tokens_proto_example_gives_ids(self):
        self.assertEqual([1, 1 << 17, 3], unpack_tokens(bytes.fromhex("01000000380000"), 18, 3))

    def test_pack_tokens_equals_little_endian_integer_sum(self):
        rng = random.Random(5)
        for bits in (1, 3, 7, 8, 9, 17, 18, 24, 31):
            for count in (0, 1, 2, 5, 16, 33):
                ids = [rng.randrange(1 << bits) for _ in range(count)]
                value = sum(token << (n * bits) for n, token in enumerate(ids))
                expected = value.to_bytes(packed_length(count, bits), "little")
                with self.subTest(bits=bits, count=count):
                    self.assertEqual(expected, pack_tokens(ids, bits))
                    self.assertEqual(ids, unpack_tokens(expected, bits, count))

    def test_packed_length_four_18_bit_tokens_is_9_bytes_and_16x16_frame_576(self):
        self.assertEqual(9, packed_length(4, 18))
        self.assertEqual(576, packed_length(256, 18))
        self.assertEqual(0, packed_length(0, 18))

    def test_pack_tokens_largest_id_round_trips_and_next_is_rejected(self):
        self.assertEqual([(1 << 18) - 1], unpack_tokens(pack_tokens([(1 << 18) - 1], 18), 18, 1))
        with self.assertRaises(ValueError):
            pack_tokens([1 << 18], 18)
        with self.assertRaises(ValueError):
            pack_tokens([-1], 18)

    def test_pack_tokens_bits_outside_1_to_31_rejected(self):
        for bits in (0, 32):
            with self.subTest(bits=bits), self.assertRaises(ValueError):
                pack_tokens([0], bits)

    def test_unpack_tokens_wrong_length_rejected(self):
        with self.assertRaises(ValueError):
            unpack_tokens(bytes(6), 18, 3)
        with self.assertRaises(ValueError):
            unpack_tokens(bytes(8), 18, 3)

    def test_unpack_tokens_set_pad_bit_rejected(self):
        packed = bytearray.fromhex("01000000380000")
        packed[6] |= 0x40  # bit 54: the first pad bit
        with self.assertRaises(ValueError):
            unpack_tokens(bytes(packed), 18, 3)

    def test_require_ids_id_of_k_bits_rejected(self):
        require_ids([0, 63], 6)
        with self.assertRaises(ValueError):
            require_ids([0, 64], 6)


if __name__ == "__main__":
    unittest.main()
