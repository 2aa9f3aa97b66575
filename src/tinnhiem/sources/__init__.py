"""Importers: canonical JSON Lines (jsonl), and adapters for other inputs."""
