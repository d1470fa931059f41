from .campaigns import Campaign, CampaignStation
from .supplies import Material, MaterialRequest, StockMovement
from .tickets import InstantTicketOrder

__all__ = [
    "Campaign",
    "CampaignStation",
    "InstantTicketOrder",
    "Material",
    "MaterialRequest",
    "StockMovement",
]
