"""An email backend for tests of partial failure: the real in-memory backend, except that
the mail server refuses one address, as an SMTP server refuses a dead mailbox."""

from smtplib import SMTPRecipientsRefused

from django.core.mail.backends.locmem import EmailBackend

REFUSED_ADDRESS = "bounces@example.com"


class RefusingEmailBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            if REFUSED_ADDRESS in message.recipients():
                raise SMTPRecipientsRefused({REFUSED_ADDRESS: (550, b"mailbox unavailable")})
        return super().send_messages(messages)
