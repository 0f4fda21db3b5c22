"""Create (or refresh) the local ``demo`` superuser and print its API token and admin password."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Create the local demo superuser, give it a fresh admin password, and print its API token."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")

    def handle(self, *args, username, **options):
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        password = get_random_string(16)
        user.set_password(password)
        user.save()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(f"API token:      {token.key}")
        self.stdout.write(f"Admin login:    {username} / {password}  (http://127.0.0.1:8000/admin/)")
        self.stdout.write(
            f'Try it:         curl -H "Authorization: Token {token.key}" '
            "http://127.0.0.1:8000/api/v1/oms/cities/"
        )
