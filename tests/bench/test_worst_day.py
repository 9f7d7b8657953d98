"""bench/worst_day.py's mix and its reading of what came back, without a server or a database."""

from bench.worst_day_report import (
    Run,
    Served,
    lost_writes,
    read_access_log,
    read_wrk,
    slowest_write,
    table,
    unexpected,
    unexpected_answers,
)
from bench.worst_day_requests import (
    CEILING,
    MEMBER,
    MODERATOR,
    REP,
    VISITOR,
    kind_of,
    label,
    pages,
    per_write,
    reads,
    split,
    write_lines,
)
from bench.writes_http_requests import Browser, Request

PAGES = pages(five="/t/1/five/", fifty="/t/2/fifty/", reports="/moderation/")
WRK_SUMMARY = (
    "Running 5s test @ http://127.0.0.1:8000\n"
    "worst_day requests=90 seconds=5.012 p50=20.500 p90=80.000 p99=240.000 max=300.000 reads_sent=81 "
    "writes_sent=9 writes_left=3 writes_out_after=-1.000 connect=0 read=0 write=0 timeout=0 status=0\n"
)


def browser(n: int) -> Browser:
    return Browser(f"sessionid=s{n}; csrftoken=c{n}", f"t{n}")


def test_each_list_and_thread_page_is_read_by_a_visitor_and_by_a_member():
    shared = [page for page in PAGES if page.viewer in (VISITOR, MEMBER)]
    assert {(page.name, page.viewer) for page in shared} == {
        (name, viewer)
        for name in ("home", "thread-5", "thread-50", "tag-wifi", "search-router")
        for viewer in (VISITOR, MEMBER)
    }


def test_the_queues_are_read_by_the_rep_and_the_moderator():
    assert [(page.path, page.viewer) for page in PAGES if page.viewer in (REP, MODERATOR)] == [
        ("/official/", REP),
        ("/moderation/", MODERATOR),
    ]


def test_reads_take_every_page_in_turn_each_time_with_the_next_members_session():
    lines = reads(PAGES, {MEMBER: [browser(1), browser(2)], REP: [browser(3)], MODERATOR: [browser(4)]}, rounds=2)
    assert len(lines) == 2 * len(PAGES)
    members = [read.cookie for read in lines if read.label == "read:home:member"]
    assert members == [browser(1).cookie, browser(2).cookie]
    assert all(read.cookie == "" for read in lines if read.label.endswith(":visitor"))


def test_a_read_line_has_the_five_fields_the_lua_script_splits():
    line = reads(PAGES, {MEMBER: [browser(1)]}, rounds=1)[0].line()
    assert line.split("\t") == ["read:home:visitor", "GET", "/", "", ""]


def test_writes_are_labelled_and_interleaved_one_of_each_in_turn():
    planned = {
        "vote": [Request("/p/1/vote/", browser(1), {"value": "up"}), Request("/p/2/vote/", browser(1), {})],
        "hide (moderator)": [Request("/moderation/p/3/decide/", browser(2), {})],
    }
    lines = write_lines(planned)
    assert [line.split("\t")[0] for line in lines] == ["write:vote:0", "write:hide-moderator:0", "write:vote:1"]
    assert lines[0].split("\t")[1:4] == ["POST", "/p/1/vote/", browser(1).cookie]


def test_a_label_names_its_kind_and_page_or_write():
    assert kind_of(label("write", "official reply", 17)) == ("write", "official-reply")
    assert kind_of(label("read", "home", MEMBER)) == ("read", "home:member")
    assert kind_of("-") == ("", "")


def test_the_profile_never_keeps_back_more_than_the_load_gets():
    requests = [Request(f"/p/{n}/vote/", browser(n), {}) for n in range(7)]
    first, timed, kept = split(requests, reserved=12)
    assert first == requests[0]
    assert (len(timed), len(kept)) == (3, 3)
    assert [first, *timed, *kept] == requests


def test_writes_are_prepared_for_the_most_the_clients_could_send():
    assert per_write(seconds=300, connections=200, think_ms=1000, every=10, kinds=10) == 750
    # Clients that do not pause are held to CEILING: CEILING a second for 10 s, one in ten a
    # write, over ten writes, and a quarter more.
    assert per_write(seconds=10, connections=200, think_ms=0, every=10, kinds=10) == CEILING * 10 / 10 / 10 * 1.25


def test_the_access_log_is_counted_and_timed_per_page_and_per_write():
    served = read_access_log(
        "read:home:visitor 200 12000\n"
        "read:home:visitor 200 18000\n"
        "write:vote:3 302 40000\n"
        "- 200 1000\n"  # a check before the load
    )
    assert set(served) == {("read", "home:visitor"), ("write", "vote")}
    assert served[("read", "home:visitor")].times_ms == [12.0, 18.0]
    assert served[("write", "vote")].statuses[302] == 1


def test_a_page_that_redirects_and_a_write_that_is_refused_are_errors():
    served = read_access_log("read:home:member 302 1000\nwrite:flag:1 403 1000\nwrite:flag:2 302 1000\n")
    assert unexpected(served) == ["read home:member: 1 answered 302", "write flag: 1 answered 403"]
    assert unexpected_answers(served) == 2


def test_a_write_answered_302_without_its_row_is_lost():
    served = read_access_log("write:vote:1 302 1000\nwrite:vote:2 302 1000\nwrite:claim:1 302 1000\n")
    slugs = {"vote": "vote", "claim": "claim"}
    assert lost_writes(served, {"vote": 1, "claim": 1}, slugs) == ["vote: 2 answered 302, 1 rows added"]


def test_the_slowest_write_is_the_one_with_the_worst_p99():
    served = {
        ("write", "vote"): Served(times_ms=[10.0] * 97 + [400.0] * 3),
        ("write", "claim"): Served(times_ms=[50.0] * 100),
        ("read", "official-queue:rep"): Served(times_ms=[900.0]),
    }
    assert slowest_write(served) == "vote"


def test_wrk_s_summary_is_read_and_a_timeout_fails_the_run():
    figures = read_wrk(WRK_SUMMARY)
    assert (figures["requests"], figures["p99"], figures["writes_left"]) == (90, 240.0, 3)
    run = Run({**figures, "timeout": 2}, served={}, added={}, slugs={})
    assert run.check() == ["socket errors: 0 connect, 0 read, 0 write, 2 timeout"]


def test_the_table_gives_each_page_and_write_its_row_and_the_target_its_verdict():
    served = read_access_log("read:home:visitor 200 12000\nwrite:hide-moderator:1 302 40000\n")
    run = Run(read_wrk(WRK_SUMMARY), served, {"hide (moderator)": 1}, {"hide-moderator": "hide (moderator)"})
    run.tasks = {"worker1": 3, "worker2": 4}
    text = table(run)
    assert "| 20 / 80 / 240 / 300 ms | p99 under 250 ms: met |" in text
    assert "| read home as visitor | 1 | 12.0 ms | 12.0 ms |  |" in text
    assert "| write hide (moderator) | 1 | 40.0 ms | 40.0 ms | 1 |" in text
