"""A fake OpenAI-compatible server that translates any batch on its own: each item comes back
as "[<target>] <text>", its tokens untouched, so QA passes and nothing needs scripting.

For tests that send more requests than is practical to script (concurrency, crashes) and for
`bench/translation.py`. Scripted replies (`push`) still go first when there are any.
"""

from __future__ import annotations

import json

from tests.marketplace.ai.fake_openai import FakeOpenAI, ReceivedRequest, Reply, completion


def echo_items(request: ReceivedRequest) -> list[dict[str, str]]:
    payload = json.loads(request.body["messages"][1]["content"])
    return [{"key": item["key"], "text": f"[{item['target_language']}] {item['text']}"}
            for item in payload["items"]]


class EchoOpenAI(FakeOpenAI):
    """`delay` seconds per reply stands for the model's latency."""

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.delay = delay

    def _next(self, request: ReceivedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.replies:
                return self.replies.popleft()
        items = echo_items(request)
        # Token counts only need to be plausible: about four characters a token.
        chars = len(json.dumps(request.body["messages"]))
        answer = json.dumps({"items": items}, ensure_ascii=False)
        return Reply(body=completion(answer, prompt_tokens=chars // 4,
                                     completion_tokens=len(answer) // 4), delay=self.delay)

    def sent_keys(self) -> list[str]:
        """Every key of every request, in order, duplicates kept."""
        return [item["key"] for request in self.requests
                for item in json.loads(request.body["messages"][1]["content"])["items"]]
