namespace ChatBot.Discord.Gateway;

/// <summary>Gateway opcodes (Discord's opcode table); only these are sent or handled.</summary>
public enum GatewayOpcode
{
    Dispatch = 0,
    Heartbeat = 1,
    Identify = 2,
    Resume = 6,
    Reconnect = 7,
    InvalidSession = 9,
    Hello = 10,
    HeartbeatAck = 11,
}
