"""Empty the page cache's kept pages and fragments now (config/pagecache.py): after a write
made outside the actions (dbshell, a data fix), which bumps no version and is otherwise on
every page within PAGE_CACHE_SECONDS."""

from django.core.management.base import BaseCommand

from config import pagecache


class Command(BaseCommand):
    help = "Forget every kept page and fragment, so that the next request renders each afresh."

    def handle(self, *args, **options) -> None:
        pagecache.forget_kept_pages()
        self.stdout.write("Kept pages forgotten.")
