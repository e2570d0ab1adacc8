"""The asset browser (types, lists, search) and the asset detail with its ticket links."""

from fstui.ui.screens.assets.browser import AssetScreen
from fstui.ui.screens.assets.detail import AssetDetailScreen

__all__ = ["AssetDetailScreen", "AssetScreen"]
