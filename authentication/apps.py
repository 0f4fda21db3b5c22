from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save


class AuthenticationConfig(AppConfig):
    name = "authentication"
    verbose_name = "Signing in"

    def ready(self):
        from authentication.models import APIToken
        from authentication.tokens import forget_tokens

        # A revoked token or a changed user is refused at once by this process (tokens.py).
        for model in (APIToken, get_user_model()):
            for signal in (post_save, post_delete):
                signal.connect(forget_tokens, sender=model)
