"""The authentication backend of the site's own accounts: Django's ``ModelBackend``,
loading a signed-in user with their organisation unit in the same query. Every staff
page shows the unit in the user menu and the data scope reads it, so Django's plain
``get_user`` would cost each request a second query for it.

Code that signs a user in without ``authenticate`` (the portal's sign-up) passes
``MODEL_BACKEND`` as the backend.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

MODEL_BACKEND = "fucai.core.backends.ModelBackend"


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("org_unit").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
