"""The thread page's words for each kind of thread (issue 27): an idea is suggested and
commented on, an announcement posted and commented on, a question asked and answered."""

from forum.models import Thread

QUESTION_WORDS = {
    "posted": "Asked",
    "posted_by": "Asked by",
    "answered_by": "Answered by",
    "answer": "answer",
    "answers": "answers",
    "no_answers": "No answers yet. If you know something that could help, say it below.",
    "your_answer": "Your answer",
    "post_answer": "Post your answer",
    "log_in_to": "answer",
    "closed": "This thread is closed to new answers.",
}
COMMENT_WORDS = {
    "answered_by": "Comment by",
    "answer": "comment",
    "answers": "comments",
    "no_answers": "No comments yet.",
    "your_answer": "Your comment",
    "post_answer": "Post your comment",
    "log_in_to": "comment",
    "closed": "This thread is closed to new comments.",
}
WORDS = {
    Thread.Kind.QUESTION: QUESTION_WORDS,
    Thread.Kind.IDEA: {**COMMENT_WORDS, "posted": "Suggested", "posted_by": "Suggested by"},
    Thread.Kind.ANNOUNCEMENT: {**COMMENT_WORDS, "posted": "Posted", "posted_by": "Posted by"},
}


def words_for(thread: Thread) -> dict[str, str]:
    return WORDS.get(thread.kind, QUESTION_WORDS)
