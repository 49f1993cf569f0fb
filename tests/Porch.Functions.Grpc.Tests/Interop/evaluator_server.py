"""A function runner written with Debian's python3-grpcio: serves evaluator.FunctionEvaluator/EvaluateFunction through
a generic handler (raw bytes, no generated code). Prints "PORT <n>" once listening on 127.0.0.1; runs until killed.

Behaviour by image:
  example.com/py/echo:v1          returns the ResourceList unchanged, log "python says hi"
  example.com/py/fail:v1          INTERNAL with a message holding non-ASCII text and a percent sign
  example.com/py/slow:v1          sleeps 10 s (for client deadlines)
  example.com/py/big:v1           returns a response whose resource_list is N bytes, N = the functionConfig's size
  example.com/py/flaky:v1         UNAVAILABLE on every odd call, echo on every even call
  example.com/py/down:v1          always UNAVAILABLE "runner is shutting down" (a runner that stays down)
  anything else                   NOT_FOUND 'function "<image>" not found', like Porch's runner
"""
import re
import sys
import threading
import time
from concurrent import futures

import grpc

sys.path.insert(0, __import__("os").path.dirname(__file__))
import evaluator_wire  # noqa: E402

MAX = 16 * 1024 * 1024
_calls = {"flaky": 0}
_lock = threading.Lock()


def evaluate(request_bytes, context):
    fields = evaluator_wire.decode(request_bytes)
    resource_list = fields.get(1, b"")
    image = fields.get(2, b"").decode("utf-8")
    if image == "example.com/py/echo:v1":
        return evaluator_wire.encode([(1, resource_list), (2, b"python says hi")])
    if image == "example.com/py/fail:v1":
        context.abort(grpc.StatusCode.INTERNAL, "failed to evaluate function \"%s\": 100%% broken \u2014 \u00e9chec" % image)
    if image == "example.com/py/slow:v1":
        time.sleep(10)
        return evaluator_wire.encode([(1, resource_list)])
    if image == "example.com/py/big:v1":
        size = int(re.search(rb"size: \"?(\d+)", resource_list).group(1))
        return evaluator_wire.encode([(1, b"x" * size)])
    if image == "example.com/py/flaky:v1":
        with _lock:
            _calls["flaky"] += 1
            odd = _calls["flaky"] % 2 == 1
        if odd:
            context.abort(grpc.StatusCode.UNAVAILABLE, "try again")
        return evaluator_wire.encode([(1, resource_list)])
    if image == "example.com/py/down:v1":
        context.abort(grpc.StatusCode.UNAVAILABLE, "runner is shutting down")
    context.abort(grpc.StatusCode.NOT_FOUND, "function \"%s\" not found" % image)


def main():
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=8),
        options=[("grpc.max_receive_message_length", 6 * 1024 * 1024), ("grpc.max_send_message_length", MAX)],
    )
    handler = grpc.method_handlers_generic_handler(
        "evaluator.FunctionEvaluator",
        {"EvaluateFunction": grpc.unary_unary_rpc_method_handler(evaluate)},
    )
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print("PORT %d" % port, flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
