import KiloShell
print("kilo")
