"""Endpoint groups; ``FreshserviceClient`` combines them."""
