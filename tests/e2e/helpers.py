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
