+ DccMcpHub 0.1.0 maya
PYTHONPATH+:=..
