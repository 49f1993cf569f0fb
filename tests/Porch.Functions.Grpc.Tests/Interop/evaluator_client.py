"""A client of evaluator.FunctionEvaluator written with Debian's python3-grpcio (generic unary call on raw bytes, no
generated code). Usage: evaluator_client.py PORT < calls.json > results.json

calls.json is a list of {"method"?, "image"?, "resource_list"?, "raw_hex"?, "timeout"?}; the request is raw_hex when
given, else an EvaluateFunctionRequest of image and resource_list. The output lists, per call, {"code", "details",
"resource_list", "log", "metadata"} where metadata holds the trailing metadata keys.
"""
import json
import sys

import grpc

sys.path.insert(0, __import__("os").path.dirname(__file__))
import evaluator_wire  # noqa: E402


def main():
    port = int(sys.argv[1])
    calls = json.load(sys.stdin)
    channel = grpc.insecure_channel(
        "127.0.0.1:%d" % port,
        options=[("grpc.max_receive_message_length", 16 * 1024 * 1024), ("grpc.max_send_message_length", -1)],
    )
    results = []
    for call in calls:
        method = call.get("method", "/evaluator.FunctionEvaluator/EvaluateFunction")
        stub = channel.unary_unary(method)
        if "raw_hex" in call:
            request = bytes.fromhex(call["raw_hex"])
        else:
            request = evaluator_wire.encode([
                (1, call.get("resource_list", "").encode("utf-8")),
                (2, call.get("image", "").encode("utf-8")),
            ])
        try:
            response, rpc = stub.with_call(request, timeout=call.get("timeout", 30))
            fields = evaluator_wire.decode(response)
            results.append({
                "code": "OK",
                "details": "",
                "resource_list": fields.get(1, b"").decode("utf-8"),
                "log": fields.get(2, b"").decode("utf-8"),
                "raw_hex": response.hex() if len(response) < 4096 else "",
                "metadata": sorted(k for k, _ in (rpc.trailing_metadata() or ())),
            })
        except grpc.RpcError as error:
            results.append({
                "code": error.code().name,
                "details": error.details() or "",
                "resource_list": "",
                "log": "",
                "raw_hex": "",
                "metadata": sorted(k for k, _ in (error.trailing_metadata() or ())),
            })
    json.dump(results, sys.stdout)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
