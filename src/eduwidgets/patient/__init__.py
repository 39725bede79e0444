"""The patient layer: a patient's profile, the clinic's config, and the rules for both.

Imports only from the layers below it (content, the science, errors and files).
"""

__all__: list[str] = []
