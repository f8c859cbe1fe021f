using System.Reflection;
using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using Shop.Framework.GraphQL;

namespace Shop.Framework.Content;

/// <summary>
/// Adds <c>{type}Create/Update/Publish/Archive</c> and the list/get queries for every registered
/// content type, following API.md: one <c>input</c>, a payload with <c>item</c> and <c>errors</c>.
/// The queries need the type's view permission, the mutations its manage permission.
/// </summary>
public sealed class ContentAdminFields(ContentTypeRegistry registry) : AdminFields
{
    private readonly Dictionary<string, (IGraphType Item, IGraphType Connection, IGraphType Payload, IInputObjectGraphType CreateInput, IInputObjectGraphType UpdateInput)> _types = [];
    private static readonly MethodInfo BuildMethod = typeof(ContentAdminFields).GetMethod(nameof(Build), BindingFlags.NonPublic | BindingFlags.Instance)!;

    public override void AddQueries(ObjectGraphType query)
    {
        foreach (var definition in registry.All.OrderBy(d => d.Name))
        {
            var types = TypesFor(definition);
            query.Field(definition.PluralName, types.Connection)
                .Description($"{definition.TypeName} items, newest first.")
                .Argument<ContentStatusType>("status", "Only items in this state.")
                .Argument<StringGraphType>("search", "Case-insensitive match on the display text.")
                .Argument<IntGraphType>("first").Argument<StringGraphType>("after")
                .RequirePermission(definition.ReadPermission)
                .ResolveAsync(async c =>
                {
                    var page = Paging.Request(c);
                    var (rows, total) = await c.Service<ContentManager>().ListAsync(definition.Name,
                        c.GetArgument<ContentStatus?>("status"), c.GetArgument<string?>("search"), page);
                    return Paging.Connection(page, rows, r => r.ItemId, total);
                });
            query.Field(definition.Name, types.Item)
                .Description($"A {definition.TypeName} by id: the editable head, or the published version with published: true.")
                .Argument<NonNullGraphType<IdGraphType>>("id")
                .Argument<BooleanGraphType>("published", "Return the published version instead of the latest.")
                .RequirePermission(definition.ReadPermission)
                .ResolveAsync(async c => await c.Service<ContentManager>().GetAsync(definition.Name,
                    c.GetArgument<string>("id"), latest: !(c.GetArgument<bool?>("published") ?? false)));
        }
    }

    public override void AddMutations(ObjectGraphType mutation)
    {
        foreach (var definition in registry.All.OrderBy(d => d.Name))
        {
            var types = TypesFor(definition);
            mutation.Field(definition.Name + "Create", new NonNullGraphType(types.Payload))
                .Description("Creates a draft. Errors: VALIDATION (with field paths).")
                .Arguments(new QueryArgument(new NonNullGraphType(types.CreateInput)) { Name = "input" })
                .RequirePermission(definition.Permission)
                .ResolveAsync(async c => await c.Service<ContentManager>().CreateAsync(definition.Name,
                    ToModel(definition, c.GetArgument<Dictionary<string, object?>>("input")), c.Actor()));
            mutation.Field(definition.Name + "Update", new NonNullGraphType(types.Payload))
                .Description("Replaces the draft's data (a published item gets a new draft version). Errors: VALIDATION, NOT_FOUND, CONFLICT.")
                .Arguments(new QueryArgument(new NonNullGraphType(types.UpdateInput)) { Name = "input" })
                .RequirePermission(definition.Permission)
                .ResolveAsync(async c =>
                {
                    var input = c.GetArgument<Dictionary<string, object?>>("input");
                    var id = (string)input["id"]!;
                    input.Remove("id");
                    return await c.Service<ContentManager>().UpdateAsync(definition.Name, id, ToModel(definition, input), c.Actor());
                });
            mutation.Field(definition.Name + "Publish", new NonNullGraphType(types.Payload))
                .Description("Publishes the latest version. Errors: NOT_FOUND.")
                .Argument<NonNullGraphType<ContentIdInputType>>("input")
                .RequirePermission(definition.Permission)
                .ResolveAsync(async c => await c.Service<ContentManager>().PublishAsync(definition.Name, IdOf(c), c.Actor()));
            mutation.Field(definition.Name + "Archive", new NonNullGraphType(types.Payload))
                .Description("Unpublishes and archives the item; its versions are kept. Errors: NOT_FOUND.")
                .Argument<NonNullGraphType<ContentIdInputType>>("input")
                .RequirePermission(definition.Permission)
                .ResolveAsync(async c => await c.Service<ContentManager>().ArchiveAsync(definition.Name, IdOf(c), c.Actor()));
        }
    }

    private static string IdOf(IResolveFieldContext c) => (string)c.GetArgument<Dictionary<string, object?>>("input")["id"]!;

    /// <summary>GraphQL has already converted nested inputs to CLR objects; JSON carries them into the model.</summary>
    private static object ToModel(ContentTypeDefinition definition, Dictionary<string, object?> input) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(input, ContentJson.Options), definition.ModelType, ContentJson.Options)!;

    private (IGraphType Item, IGraphType Connection, IGraphType Payload, IInputObjectGraphType CreateInput, IInputObjectGraphType UpdateInput) TypesFor(ContentTypeDefinition definition)
    {
        if (!_types.TryGetValue(definition.Name, out var types))
        {
            types = ((IGraphType, IGraphType, IGraphType, IInputObjectGraphType, IInputObjectGraphType))
                BuildMethod.MakeGenericMethod(definition.ModelType).Invoke(this, [definition])!;
            _types[definition.Name] = types;
        }
        return types;
    }

    private (IGraphType, IGraphType, IGraphType, IInputObjectGraphType, IInputObjectGraphType) Build<T>(ContentTypeDefinition definition)
    {
        var item = new ContentItemGraphType<T>(definition.TypeName);
        var connection = ConnectionGraphTypes.Create<ContentItem>(item, definition.TypeName + "Item");

        var payload = new ObjectGraphType<ContentResult> { Name = definition.TypeName + "Payload", Description = "Codes: VALIDATION, NOT_FOUND, CONFLICT." };
        payload.Field("item", item).Resolve(c => c.Source.Item);
        payload.Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("errors").Resolve(c => c.Source.Errors);

        var modelInput = new AutoRegisteringInputObjectGraphType<T>();
        var create = new InputObjectGraphType { Name = definition.TypeName + "CreateInput" };
        var update = new InputObjectGraphType { Name = definition.TypeName + "UpdateInput" };
        update.Field<NonNullGraphType<IdGraphType>>("id");
        foreach (var field in modelInput.Fields)
        {
            create.AddField(Copy(field));
            update.AddField(Copy(field));
        }
        return (item, connection, payload, create, update);
    }

    private static FieldType Copy(FieldType field) => new()
    {
        Name = field.Name,
        Type = field.Type,
        ResolvedType = field.ResolvedType,
        Description = field.Description,
        DefaultValue = field.DefaultValue,
    };
}

public sealed class ContentIdInputType : InputObjectGraphType
{
    public ContentIdInputType()
    {
        Name = "ContentIdInput";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}
