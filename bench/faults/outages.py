"""The broker and the cache stopped under the site: each a private redis-server started and
stopped here, never the shared one."""

import subprocess

from bench.faults.common import (
    CACHE_REDIS_PORT,
    PRIVATE_BROKER,
    PRIVATE_REDIS_PORT,
    email_figures,
    wait_for,
    worker_env,
)
from bench.services import (
    Processes,
    delete_queue,
)


def broker_down(args) -> dict:
    from django.test import Client

    broker_url, work = PRIVATE_BROKER, args.work
    redis = start_private_redis()
    try:
        from accounts.models import User
        from bench.scale_out import create_people
        from forum.actions.posts import ask_question
        from forum.models import Notification, Post

        askers = create_people(old_threads=0)
        asker, answerer, voter = askers[0], askers[1], askers[2]
        User.objects.filter(pk=voter.pk).update(reputation=200)
        thread = ask_question(
            author=asker, title="Broker down: my hub blinks red", body="It blinks red since noon.", tags=["printer"]
        )
        stop_private_redis(redis)
        redis = None
        statuses = []
        anonymous, writer, voting = (Client(raise_request_exception=False, HTTP_HOST="localhost") for _ in range(3))
        writer.force_login(answerer)
        voting.force_login(voter)
        pages = ["/", thread.get_absolute_url(), "/tags/", "/search/?q=hub"]
        for client in (anonymous, writer):
            statuses += [client.get(page).status_code for page in pages]
        answered = writer.post(f"/answer/{thread.pk}/", {"body": "Unplug it for ten seconds, then plug it back in."})
        statuses.append(answered.status_code)
        answer = Post.objects.answers().filter(thread=thread).first()
        voted = voting.post(f"/p/{answer.pk}/vote/", {"value": "up"}) if answer else None
        if voted is not None:
            statuses.append(voted.status_code)
        health = anonymous.get("/healthz").status_code
        during = {
            "answer_saved": answer is not None,
            "vote_saved": answer is not None and Post.objects.get(pk=answer.pk).score == 1,
            "notifications_waiting": Notification.objects.filter(emailed_at=None).count(),
        }
        # The broker comes back: a worker and beat, as deployed.
        redis = start_private_redis()
        env = worker_env("redis", broker_url, args.database_url, work)
        env["RESPONSE_CHECK_SECONDS"] = "5"
        env["UNSENT_EMAIL_SECONDS"] = "0"  # the sweep at once, not 5 minutes after
        processes = Processes(env=env, logs=work)
        processes.start("worker", "worker")
        processes.start("beat", "beat")
        try:
            emailed = wait_for(
                lambda: not Notification.objects.filter(emailed_at=None).exists(),
                timeout=90,
                what="the outage's notifications to be emailed",
                every=1,
            )
        except TimeoutError:
            emailed = False
        finally:
            processes.stop_all()
            delete_queue(broker_url, env["CELERY_QUEUE"])
        result = {
            "requests": len(statuses),
            "5xx": sum(s >= 500 for s in statuses),
            "statuses": sorted(set(statuses)),
            "healthz": health,
            **during,
            "emailed_after_return": bool(emailed),
            **email_figures(work / "mail"),
        }
        result["ok"] = (
            result["5xx"] == 0
            and health == 503
            and during["answer_saved"]
            and during["vote_saved"]
            and result["lost"] == 0
            and result["doubled"] == 0
        )
        return result
    finally:
        if redis is not None:
            stop_private_redis(redis)


def start_private_redis(port: int = PRIVATE_REDIS_PORT) -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    wait_for(lambda: _pings(client), timeout=10, what="the private redis-server")
    return process


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


def stop_private_redis(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)


def cache_down(args) -> dict:
    """Redis (the cache) stopped: reading serves, login and writes are refused cleanly."""
    from allauth.account.models import EmailAddress
    from django.test import Client

    from bench.scale_out import create_people
    from forum.actions.posts import ask_question
    from forum.models import Post

    redis = start_private_redis(CACHE_REDIS_PORT)
    try:
        askers = create_people(old_threads=0)
        reader, writer = askers[0], askers[1]
        writer.set_password("a long enough password 1")
        writer.save()
        EmailAddress.objects.create(user=writer, email=writer.email, verified=True, primary=True)
        thread = ask_question(
            author=reader, title="Cache down: my hub blinks red", body="It blinks red.", tags=["printer"]
        )
        clients = [Client(raise_request_exception=False, HTTP_HOST="localhost") for _ in range(3)]
        anonymous, member, login = clients
        member.force_login(reader)
        stop_private_redis(redis)
        redis = None
        pages = ["/", thread.get_absolute_url(), "/tags/", "/search/?q=hub", "/accounts/login/"]
        reading = [client.get(page).status_code for client in (anonymous, member) for page in pages]
        logged_in = login.post("/accounts/login/", {"login": writer.email, "password": "a long enough password 1"})
        member_answer = member.post(f"/answer/{thread.pk}/", {"body": "Unplug it for ten seconds, then plug it in."})
        statuses = [*reading, logged_in.status_code, member_answer.status_code]
        result = {
            "reads": len(reading),
            "reads_ok": sum(status in (200, 302) for status in reading),
            "read_statuses": dict(
                zip([f"{who} {page}" for who in ("anonymous", "member") for page in pages], reading, strict=True)
            ),
            "login_status": logged_in.status_code,
            "login_refused": "_auth_user_id" not in login.session,
            "answer_status": member_answer.status_code,
            "answer_saved": Post.objects.answers().filter(thread=thread).exists(),
            "500s": sum(status == 500 for status in statuses),
        }
        result["ok"] = result["reads_ok"] == len(reading) and result["login_refused"] and result["500s"] == 0
        return result
    finally:
        if redis is not None:
            stop_private_redis(redis)
