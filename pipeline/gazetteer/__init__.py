"""Gazetteer of Chinese administrative divisions (GB/T 2260): find places, link codes."""

from .gazetteer import Area, Gazetteer, PlaceMatch

__all__ = ["Area", "Gazetteer", "PlaceMatch"]
