import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password

from accounts.models import User
from accounts.secrets import decrypt_secret, encrypt_secret


class AccountAdapter(DefaultAccountAdapter):
    def send_account_already_exists_mail(self, email: str) -> None:
        """A sign-up with an address that has an account: tell its owner by email, and spend
        the time a new account's password hash takes, so the answer's timing does not say
        which addresses have accounts (the answer itself never does)."""
        make_password(secrets.token_urlsafe(32))
        super().send_account_already_exists_mail(email)


class MfaAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        """TOTP secrets and recovery seeds are stored encrypted (``accounts.secrets``)."""
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff keep at least one second factor: it guards patients' records."""
        user: User = authenticator.user
        if not user.is_staff_member:
            return True
        others = Authenticator.objects.filter(user=user).exclude(pk=authenticator.pk)
        return others.exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
