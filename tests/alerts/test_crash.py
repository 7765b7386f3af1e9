"""A real crash: `tollwatch poll --once` commits its alerts, is SIGKILLed while Slack is still answering,
and the next `tollwatch dispatch` delivers what was left — once per channel per alert.

What "once" rests on: the delivery row is claimed (status 'sending', attempts+1) and committed before the
send, with an idempotency key fixed when the alert was written. After the crash the claim belongs to a
dead process, so it is claimed again and re-sent with the SAME key; the webhook endpoint drops the
duplicate by that key. Email that the server had accepted before the crash would be sent again with the
same Message-ID (see alerts.channels.smtp): at-least-once, folded by clients — here the mail was already
marked sent before the kill, so nothing is repeated.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter

from tests.alerts.test_end_to_end import SAID, run, set_feed, set_page, write_config
from tests.conftest import REPO


def test_sigkill_during_delivery_redelivers_without_duplicates(tmp_path, server, db_url, smtp, slack) -> None:  # noqa: ANN001
    config = write_config(tmp_path, server, smtp)
    set_feed(server, "745")
    set_page(server, SAID)
    slack.delay = 60  # the webhook takes the message, then hangs: the poller is killed while waiting
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "-c", str(config), "--database", db_url, "poll", "--once"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert slack.received.wait(90), "the poller never reached the Slack endpoint"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    assert len(smtp.messages) == 2 and len(slack.requests) == 1

    listing = run(config, db_url, "alerts", "--pending", "--format", "json")
    assert listing.count('"status": "sending"') == 2  # claimed by the dead process, not lost

    slack.delay = 0
    out = run(config, db_url, "dispatch")
    assert out.startswith("2 delivered")
    keys = Counter(r["headers"]["Idempotency-Key"] for r in slack.requests)
    assert len(slack.requests) == 3 and sorted(keys.values()) == [1, 2]  # one message re-sent, same key
    assert len(slack.posted) == 2  # each alert shows once in the channel
    assert len(smtp.messages) == 2  # mail was marked sent before the crash: not repeated
    assert run(config, db_url, "dispatch").startswith("0 delivered")
