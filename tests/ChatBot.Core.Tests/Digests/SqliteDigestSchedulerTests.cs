using ChatBot.Testing.Storage;

namespace ChatBot.Core.Tests.Digests;

public sealed class SqliteDigestSchedulerTests() : DigestSchedulerTests(TestStores.Sqlite);
