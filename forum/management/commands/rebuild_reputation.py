from django.core.management.base import BaseCommand

from accounts.models import User
from forum import reputation


class Command(BaseCommand):
    help = "Recompute User.reputation and per-tag reputation from the ledger; report what differed."

    def handle(self, *args, **options):
        differences = reputation.rebuild_all()
        if not differences:
            self.stdout.write(self.style.SUCCESS("Rebuilt from the ledger: all caches agree."))
            return
        names = dict(User.objects.filter(pk__in={d.user_id for d in differences}).values_list("pk", "username"))
        for difference in differences:
            where = f" in {difference.tag}" if difference.tag else ""
            self.stdout.write(
                f"{names.get(difference.user_id, difference.user_id)}{where}: "
                f"cached {difference.cached}, ledger {difference.ledger}"
            )
        self.stdout.write(self.style.WARNING(f"Repaired {len(differences)} cache(s) from the ledger."))
