"""Hand-written protobuf encoding of Porch's evaluator messages, so the interop scripts need no generated code.

EvaluateFunctionRequest:  bytes resource_list = 1; string image = 2;
EvaluateFunctionResponse: bytes resource_list = 1; bytes log = 2;
"""


def _varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _read_varint(data, pos):
    shift = 0
    result = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def encode(fields):
    """fields: list of (number, bytes) pairs, each written as a length-delimited field; empty values are omitted (proto3)."""
    out = bytearray()
    for number, value in fields:
        if value:
            out += _varint(number << 3 | 2) + _varint(len(value)) + value
    return bytes(out)


def decode(data):
    """Returns {field number: bytes} for the length-delimited fields; other wire types are skipped."""
    fields = {}
    pos = 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == 2:
            length, pos = _read_varint(data, pos)
            fields[number] = data[pos:pos + length]
            pos += length
        elif wire_type == 0:
            _, pos = _read_varint(data, pos)
        elif wire_type == 1:
            pos += 8
        elif wire_type == 5:
            pos += 4
        else:
            raise ValueError("unsupported wire type %d" % wire_type)
    return fields
