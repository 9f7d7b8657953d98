"""The README's receiver example, run: its verify() accepts what Helpcircle signs and refuses
a changed body, another secret and an old timestamp, so the example cannot rot."""

import ast
import time
from pathlib import Path

from webhooks.sending import signature

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_receiver(secret: str) -> dict:
    """The README's Python block under "### Webhooks", without its last statement (which
    serves forever), executed with SECRET set."""
    section = README.read_text().split("### Webhooks", 1)[1]
    source = section.split("```python\n", 1)[1].split("```", 1)[0]
    module = ast.parse(source)

    def kept(node: ast.stmt) -> bool:
        serves = isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
        reads_the_secret = isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "SECRET" for t in node.targets)
        return not (serves or reads_the_secret)

    module.body = [node for node in module.body if kept(node)]
    namespace = {"SECRET": secret}
    exec(compile(module, str(README), "exec"), namespace)
    return namespace


def test_the_readmes_receiver_verifies_what_helpcircle_signs_and_nothing_else():
    receiver = readme_receiver("the-subscription-secret")
    body = b'{"event":"thread.escalated","data":{}}'
    now = int(time.time())
    header = signature(secret="the-subscription-secret", timestamp=now, body=body)
    assert receiver["verify"](header, body)
    assert not receiver["verify"](header, body + b" ")
    assert not receiver["verify"](signature(secret="another", timestamp=now, body=body), body)
    assert not receiver["verify"](signature(secret="the-subscription-secret", timestamp=now - 600, body=body), body)
    assert not receiver["verify"]("", body)
