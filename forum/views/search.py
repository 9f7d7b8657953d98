"""The search page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from config import pagecache
from forum import search
from forum.forms import SearchForm
from forum.views.lists import paginate


@require_safe
@pagecache.kept_page(depends_on=lambda request: ("threads",))
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "forum/search.html", {"form": form, "page": None}, status=400)
    query, tag, sort = form.cleaned_data["q"], form.cleaned_data["tag"], form.cleaned_data["sort"] or "relevance"

    def render_results() -> str:
        page = paginate(request, search.search_threads(query, tag=tag or None, sort=sort))
        for thread in page:
            thread.highlighted = search.highlight(title=thread.title, text=thread.question_text or "", query=query)
        params = {key: value for key, value in (("q", query), ("tag", tag), ("sort", sort)) if value}
        context = {"page": page, "query": query, "query_string": urlencode(params)}
        return render_to_string("forum/_search_results.html", context)

    # Nothing in the results depends on who reads them: rendered once per address and version.
    results = (
        pagecache.fragment("search", request.get_full_path(), depends_on=("site", "threads"), render=render_results)
        if query
        else ""
    )
    return render(request, "forum/search.html", {"form": form, "query": query, "results": mark_safe(results)})
