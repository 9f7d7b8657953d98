"""`{{ path|absolute }}`: a path of ours as a link on the configured site (config/site.py),
for emails, which are read away from the site."""

from django import template

from config.site import absolute_url

register = template.Library()


@register.filter
def absolute(path: str) -> str:
    return absolute_url(str(path))
