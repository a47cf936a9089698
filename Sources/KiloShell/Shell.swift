import KiloCore
