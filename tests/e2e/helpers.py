from playwright.sync_api import expect


def log_in(page, user, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill(user.email)
    page.get_by_label("Password:").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_test_id("header-user")).to_have_text(user.name)


def log_out(page) -> None:
    page.get_by_test_id("header-user").click()
    page.get_by_role("button", name="Log out").click()


def undo_from_log(page, entry, reason: str) -> None:
    """Undo a moderation log entry from /moderation/log/, as a moderator, saying why."""
    page.goto("/moderation/log/")
    row = page.get_by_test_id("log-entry").filter(has=page.get_by_test_id(f"undo-{entry.pk}"))
    row.get_by_placeholder("why undo it").fill(reason)
    row.get_by_test_id(f"undo-{entry.pk}").click()
    expect(page.get_by_role("status")).to_contain_text("Undone")


def reply_under(page, answer, text: str, *, asks_customer: bool = False) -> None:
    """On the thread's page: open the answer's reply form, write, (ask the customer,) send."""
    replies = page.locator(f"#replies-{answer.pk}")
    replies.get_by_text("Reply", exact=True).click()
    replies.get_by_label("Your reply to this answer").fill(text)
    if asks_customer:
        replies.get_by_label("This asks the customer for something").check()
    replies.get_by_role("button", name="Post your reply").click()


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing overflows)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
