from django.urls import path

from api.views import docs, reads, writes

app_name = "api"
urlpatterns = [
    path("threads/", writes.Threads.as_view(), name="threads"),
    path("threads/<int:thread_id>/", reads.ThreadDetail.as_view(), name="thread"),
    path("threads/<int:thread_id>/answers/", writes.Answer.as_view(), name="answer"),
    path("threads/<int:thread_id>/official/", writes.OfficialReply.as_view(), name="official_reply"),
    path("threads/<int:thread_id>/claim/", writes.Claim.as_view(), name="claim"),
    path("threads/<int:thread_id>/dismiss/", writes.Dismiss.as_view(), name="dismiss"),
    path("posts/<int:post_id>/replies/", writes.Reply.as_view(), name="reply"),
    path("posts/<int:post_id>/vote/", writes.Vote.as_view(), name="vote"),
    path("posts/<int:post_id>/accept/", writes.Accept.as_view(), name="accept"),
    path("posts/<int:post_id>/flag/", writes.FlagPost.as_view(), name="flag"),
    path("tags/", reads.TagList.as_view(), name="tags"),
    path("users/<str:username>/", reads.Profile.as_view(), name="profile"),
    path("search/", reads.Search.as_view(), name="search"),
    path("queue/", reads.Queue.as_view(), name="queue"),
    path("dashboard/", reads.Dashboard.as_view(), name="dashboard"),
    path("schema", docs.Schema.as_view(), name="schema"),
    path("docs", docs.Docs.as_view(), name="docs"),
]
