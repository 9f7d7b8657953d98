"""The faults' table for docs/reliability.md, with the defects the runs found."""


def shown_statuses(by_kind: dict[str, dict]) -> str:
    """{"page": {"500": 888}} as 'page 888 x 500'."""
    return "; ".join(
        f"{kind} " + ", ".join(f"{count} x {status}" for status, count in statuses.items())
        for kind, statuses in by_kind.items()
    )


def table(rows) -> str:
    lines = [
        "Each run: `.venv/bin/python -m bench.faults <command>` (all of them: `.venv/bin/python -m bench.faults all`).",
        "",
        "| fault | command | figures | result |",
        "|---|---|---|---|",
    ]
    for command, r in rows:
        if "error" in r:
            lines.append(f"| {command} | `python -m bench.faults {command}` | error | FAIL |")
            continue
        if command.startswith("kill-overdue"):
            fault = "worker SIGKILLed in the middle of mark_overdue (its UPDATE waiting on a row lock)"
            figures = (
                f"{r['flagged']}/{r['threads']} threads flagged, "
                f"in {r['overdue_runs']} run; "
                f"{r['notices']} overdue notices (3 reps and the lead, one each); "
                f"{r['emailed']}/{r['notifications']} emailed, "
                f"{r['lost']} lost, {r['doubled']} doubled; done {r['recovered_s']} s after the kill"
            )
        elif command.startswith("kill-email"):
            fault = "worker SIGKILLed in the middle of the email task (40 notifications)"
            figures = (
                f"{r['emailed_before_kill']} sent before the kill; {r['emailed']}/{r['notifications']} emailed "
                f"after the restart, {r['lost']} lost, {r['doubled']} doubled; done {r['recovered_s']} s after"
            )
        elif command.startswith("db-restart-load"):
            fault = (
                "database (the private PostgreSQL cluster) stopped for "
                f"{r['outage_s']} s under load: gunicorn (3 workers), a Celery worker and beat running"
            )
            figures = (
                f"{r['clients']} clients, {r['requests']} requests in {r['load_s']} s, {r['unanswered']} unanswered; "
                f"during the outage {shown_statuses(r['during_by_kind'])}, "
                f"{sum(r['5xx_outside_layout'].values())} 5xx outside the layout; after "
                f"the start {shown_statuses({'all': r['after']})}, "
                f"first success {r['first_success_after_start_ms']} ms after; "
                f"{r['answers_acknowledged']} answers acknowledged, {r['answers_acknowledged_missing']} missing, "
                f"{r['answers_refused']} refused with a 5xx and {r['answers_refused_but_saved']} of them saved, "
                f"{r['answers_doubled']} doubled; {r['emailed']}/{r['notifications']} notifications emailed, "
                f"{r['lost']} lost, {r['doubled']} sent twice under one Message-ID (a mail store keeps one), "
                f"{r['doubled_under_a_new_message_id']} under a new one; "
                f"restarted: {r['web_workers_restarted']} web workers, "
                f"worker {r['worker_restarted']}, beat {r['beat_restarted']}"
            )
        elif command.startswith("db-restart"):
            fault = "database (a private PostgreSQL cluster, port 5440) stopped and started under a running process"
            figures = (
                f"during: {r['during_pages_with_error_page_in_layout']}/{r['during_pages']} page requests (anonymous "
                f"and member) answered the 500 page in the layout, /healthz {r['healthz_during']}; after the start, "
                f"statuses {r['after']} from the same process, no restart"
            )
        elif command.startswith("cache-down"):
            fault = "cache (private redis-server as REDIS_URL) stopped"
            figures = (
                f"{r['reads_ok']}/{r['reads']} page reads served (anonymous and member); login answered "
                f"{r['login_status']} and logged nobody in (fail closed); an answer answered {r['answer_status']}; "
                f"{r['500s']} 500s"
            )
        else:
            fault = "broker (private redis-server) stopped"
            figures = (
                f"{r['requests']} requests (pages, answer, vote), {r['5xx']} 5xx, statuses {r['statuses']}; "
                f"/healthz {r['healthz']}; answer saved {r['answer_saved']}, vote saved {r['vote_saved']}; "
                f"after the broker came back {r['emailed']}/{r['notifications']} emailed, {r['lost']} lost, "
                f"{r['doubled']} doubled"
            )
        lines.append(f"| {fault} | `python -m bench.faults {command}` | {figures} | {'pass' if r['ok'] else 'FAIL'} |")
    lines += [
        "",
        "Defects these runs found, each fixed with the test that shows it:",
        "",
        "1. kill-email: 1 of 40 notifications lost. The task marked a notification emailed (autocommit) before "
        "sending it, so a worker killed in between lost the email. Now each is locked, sent and marked in one "
        "transaction (forum/notifications.py); a killed worker commits nothing and the redelivered task sends it. "
        "Test: tests/forum/test_email_faults.py `test_a_worker_dying_in_the_middle_of_a_send_leaves_that_email_"
        "to_be_sent_again`. What remains: a kill after the mail server accepted a message and before the commit "
        "(microseconds) sends that one twice; exactly once is not possible with SMTP.",
        "2. broker-down: the answer posted with the broker stopped answered 500 (the post saved, the email task's "
        "send_task raising in on_commit) and its notification was never emailed (1 of 1 lost). Now a failed send "
        "is logged and beat's sweep `forum.tasks.send_unsent_notification_emails` emails every notification "
        "still unemailed `UNSENT_EMAIL_SECONDS` (300) after it was made, for a day. Tests: "
        "tests/forum/test_email_faults.py (the answer with the broker down, the sweep once).",
        "3. cache-down: a thread page (its view counter's `cache.add`), login and an answer (rate limits) "
        "answered 500. The view counter now uses the forgiving `pages` cache (the view is not counted while "
        "Redis is down); anything else that needed Redis is answered by `config.middleware.CacheDownMiddleware` "
        "with the 503 page in the layout: rate limits fail closed. Test: tests/platform/test_cache_down.py.",
        "4. db-restart-load: with the database stopped, /healthz went on answering 200 for up to "
        "HEALTHZ_CACHE_SECONDS (5) from its shared result. A request failing on the database now makes the next "
        "/healthz probe again (config/health.py, `got_request_exception`). Test: tests/platform/test_healthz.py "
        "`test_a_request_failing_on_the_database_makes_the_next_healthz_probe_again`.",
        "5. db-restart-load: 927 of 4,200 notifications not emailed within two minutes of the restart. Email "
        "tasks that ran while the database was down failed, were acked, and their emails waited for beat's "
        "five-minute sweep. The task now retries on OperationalError and InterfaceError (5, 10, 20, 40, 80 s; "
        "forum/tasks.py). Test: tests/forum/test_email_faults.py `test_the_email_task_retries_while_the_"
        "database_is_unreachable_instead_of_dropping_its_emails`.",
        "6. db-restart-load, with 5. fixed: 1 of 4,300 emailed twice (the database went away between a send "
        "and the commit that records it; the retry sends it again). Each notification's email now carries one "
        "Message-ID on every send (forum/notifications.py `message_id`), so mail stores drop the copy; the run "
        "counts copies under a new Message-ID, which must be 0. Test: tests/forum/test_email_faults.py "
        "`test_an_email_sent_again_carries_the_message_id_of_the_first_so_mail_stores_drop_the_copy`.",
        "",
        "db-restart runs its requests one after another in one process through Django's test client, calling "
        "`close_old_connections()` around each as Django's WSGI handler does (the test client leaves that out). "
        "db-restart-load runs the real stack (bench/db_restart_load.py): gunicorn with 3 workers, a Celery "
        "worker and beat, 24 clients with sessions and CSRF tokens looping over a thread page, the home page, "
        "an answer and /healthz; `pg_ctl stop -m fast` cuts every connection. `CONN_MAX_AGE=60` with "
        "`conn_health_checks=True` is what reconnects; nothing is restarted. During the outage pages answer the "
        "500 page (inside the layout, rendered without the database); a 503 with Retry-After would say better "
        "that it is temporary, left as it is.",
    ]
    return "\n".join(lines)
