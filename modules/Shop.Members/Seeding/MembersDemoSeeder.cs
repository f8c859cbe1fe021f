using Bogus;
using Microsoft.Extensions.DependencyInjection;
using Shop.Framework.Data;
using Shop.Framework.Seeding;
using Shop.Members.Models;

namespace Shop.Members.Seeding;

/// <summary>Realistic Chinese members (zh_CN names and cities, unique mobile numbers, channel mix).</summary>
public sealed class MembersDemoSeeder : IDemoSeeder
{
    private const int BatchSize = 1_000;
    private static readonly string[] Channels = ["miniprogram", "app", "store", "douyin", "taobao"];
    private static readonly float[] ChannelWeights = [0.45f, 0.2f, 0.2f, 0.1f, 0.05f];
    private static readonly string[] MobilePrefixes = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "176", "177", "180", "181", "186", "187", "188", "189", "199"];

    public int Order => 0;

    public async Task<bool> IsEmptyAsync(IServiceProvider services) =>
        await services.GetRequiredService<DbSession>().ExecuteScalarAsync<long>("SELECT COUNT(*) FROM members") == 0;

    public async Task SeedAsync(IServiceProvider services, SeedOptions options, IProgress<SeedProgress> progress, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<DbSession>();
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var existing = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM members");
        var faker = new Faker("zh_CN") { Random = new Randomizer(options.RandomSeed + (int)existing) };

        for (var done = 0; done < options.Members; done += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Enumerable.Range(done, Math.Min(BatchSize, options.Members - done)).Select(i =>
            {
                var created = now.AddMinutes(-faker.Random.Int(0, 2 * 365 * 24 * 60));
                var gender = faker.PickRandom(Genders.All);
                var sequence = existing + i; // unique suffix: phones never collide across batches or runs
                return new Member
                {
                    Id = Ids.New("mbr"),
                    DisplayName = faker.Name.LastName() + faker.Name.FirstName(gender == "female" ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male),
                    Phone = faker.PickRandom(MobilePrefixes) + (sequence % 100_000_000).ToString("D8"),
                    Birthday = faker.Date.BetweenDateOnly(new DateOnly(1960, 1, 1), new DateOnly(2006, 12, 31)).ToString("yyyy-MM-dd"),
                    Gender = gender,
                    City = faker.Address.City(),
                    RegistrationChannel = faker.Random.WeightedRandom(Channels, ChannelWeights),
                    CreatedAt = created.ToUnixMs(),
                    UpdatedAt = created.ToUnixMs(),
                };
            }).ToList();
            await db.InTransactionAsync(() => db.ExecuteAsync(
                "INSERT INTO members (id, display_name, phone, birthday, gender, city, registration_channel, created_at, updated_at) " +
                "VALUES (@Id, @DisplayName, @Phone, @Birthday, @Gender, @City, @RegistrationChannel, @CreatedAt, @UpdatedAt) ON CONFLICT DO NOTHING",
                batch), cancellationToken);
            progress.Report(new SeedProgress("members", done + batch.Count, options.Members));
        }
    }
}
