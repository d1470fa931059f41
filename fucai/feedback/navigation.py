from fucai.core.navigation import NavItem

ITEMS: list[NavItem] = []
