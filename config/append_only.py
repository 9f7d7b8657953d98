"""Records written once and never changed: the moderation log and the team's audit log.

The model refuses a second save and a delete; its QuerySet refuses bulk update() and
delete(). (A raw SQL statement or a migration can still change them: this guards the code,
not the database.)"""

from django.db import models


def _refuse(model) -> None:
    raise TypeError(f"{model._meta.verbose_name_plural.capitalize()} are append-only.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _refuse(self.model)

    def delete(self):
        _refuse(self.model)


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            _refuse(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse(type(self))
