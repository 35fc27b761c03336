import * as assert from "assert";
import { checkPrices, cost, Fleet, hourlyPrice, parsePrices, reservedHours, weeklyHours } from "../../testing/cost";

const fleet = (endpoint: string, instanceTypes: string[], floor: number, ceiling: number, hoursPerWeek = 168): Fleet =>
    ({ endpoint, instanceTypes, floor, ceiling, hoursPerWeek });

describe("cost: instance-hours per week", () => {
    it("sums each instance type's floor and ceiling over its fleets, in the order the types first appear", () => {
        const realtime = fleet("realtime", ["ml.g5.2xlarge"], 2, 6);
        const big = fleet("big", ["ml.g5.12xlarge"], 0, 2, 107);
        const queue = fleet("async", ["ml.g5.2xlarge"], 0, 4);
        assert.deepStrictEqual(weeklyHours([realtime, big, queue]), [
            { instanceTypes: ["ml.g5.2xlarge"], floorHours: 336, ceilingHours: 1680, fleets: [realtime, queue] },
            { instanceTypes: ["ml.g5.12xlarge"], floorHours: 0, ceilingHours: 214, fleets: [big] },
        ]);
    });

    it("counts an instance pool as one entry, apart from its types alone", () => {
        const pool = fleet("pool", ["ml.g5.2xlarge", "ml.g6.2xlarge"], 1, 3);
        const single = fleet("single", ["ml.g5.2xlarge"], 1, 1);
        assert.deepStrictEqual(weeklyHours([pool, single]).map((h) => [h.instanceTypes, h.floorHours, h.ceilingHours]), [
            [["ml.g5.2xlarge", "ml.g6.2xlarge"], 168, 504],
            [["ml.g5.2xlarge"], 168, 168],
        ]);
    });

    it("keeps a schedule's fractional hours to the hundredth", () => {
        assert.deepStrictEqual(weeklyHours([fleet("a", ["ml.g5.xlarge"], 1, 3, 107.33)]).map((h) => [h.floorHours, h.ceilingHours]), [[107.33, 321.99]]);
    });

    it("has nothing to say of no fleet", () => {
        assert.deepStrictEqual(weeklyHours([]), []);
    });

    it("counts a reservation for a week, or its whole length when shorter, and over its length", () => {
        assert.deepStrictEqual(reservedHours({ instanceCount: 2, hours: 720 }), { perWeek: 336, total: 1440 });
        assert.deepStrictEqual(reservedHours({ instanceCount: 2, hours: 24 }), { perWeek: 48, total: 48 });
        assert.deepStrictEqual(reservedHours({ instanceCount: 3, hours: 168 }), { perWeek: 504, total: 504 });
        assert.deepStrictEqual(reservedHours({ instanceCount: 1, hours: 0 }), { perWeek: 0, total: 0 });
        assert.deepStrictEqual(reservedHours({ instanceCount: 1, hours: 10.005 }), { perWeek: 10.01, total: 10.01 });
    });
});

describe("cost: prices", () => {
    it("takes hourly prices per instance type", () => {
        assert.deepStrictEqual(parsePrices("prices.json", '{"ml.g5.2xlarge": 1.515, "ml.p5.48xlarge": 98.32}'), { "ml.g5.2xlarge": 1.515, "ml.p5.48xlarge": 98.32 });
        assert.deepStrictEqual(checkPrices("options.prices", {}), {});
    });

    const refused: [string, string, string][] = [
        ["text that is not JSON", "{ml.g5.2xlarge: 1}", "prices.json: not JSON: "],
        ["a list", "[1.5]", 'prices.json: [1.5] must be an object of hourly prices per instance type, e.g. {"ml.g5.2xlarge": 1.515}'],
        ["a number", "1.5", "prices.json: 1.5 must be an object of hourly prices per instance type"],
        ["null", "null", "prices.json: null must be an object of hourly prices per instance type"],
        ["a key that is no instance type", '{"g5.2xlarge": 1.5}', 'prices.json: key "g5.2xlarge" is not a SageMaker instance type (ml.<family>.<size>, e.g. ml.g5.2xlarge)'],
        ["a price as text", '{"ml.g5.2xlarge": "1.5"}', 'prices.json: ml.g5.2xlarge: "1.5" must be an hourly price, a number above 0'],
        ["a price of 0", '{"ml.g5.2xlarge": 0}', "prices.json: ml.g5.2xlarge: 0 must be an hourly price, a number above 0"],
        ["a negative price", '{"ml.g5.2xlarge": -1}', "prices.json: ml.g5.2xlarge: -1 must be an hourly price, a number above 0"],
        ["a price object", '{"ml.g5.2xlarge": {"USD": 1}}', 'prices.json: ml.g5.2xlarge: {"USD":1} must be an hourly price, a number above 0'],
    ];
    for (const [what, text, message] of refused) {
        it(`refuses ${what}, naming the file, the key and the value`, () => {
            assert.throws(() => parsePrices("prices.json", text), (e: Error) => e.message.startsWith(message));
        });
    }

    it("prices a type, a pool at its dearest type, and says which types have no price rather than guessing", () => {
        const prices = { "ml.g5.2xlarge": 1.515, "ml.g6.2xlarge": 1.222 };
        assert.deepStrictEqual(hourlyPrice(["ml.g5.2xlarge"], prices), { price: 1.515, missing: [] });
        assert.deepStrictEqual(hourlyPrice(["ml.g6.2xlarge", "ml.g5.2xlarge"], prices), { price: 1.515, missing: [] });
        assert.deepStrictEqual(hourlyPrice(["ml.g5.2xlarge", "ml.p5.48xlarge", "ml.g5.12xlarge"], prices), { missing: ["ml.p5.48xlarge", "ml.g5.12xlarge"] });
    });

    it("turns hours into money to the cent", () => {
        assert.strictEqual(cost(1680, 1.515), 2545.2);
        assert.strictEqual(cost(214, 7.09), 1517.26);
        assert.strictEqual(cost(0, 98.32), 0);
        assert.strictEqual(cost(1, 0.005), 0.01);
    });
});
