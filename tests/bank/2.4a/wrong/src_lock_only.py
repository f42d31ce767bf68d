# bank: only the paying account is locked: a credit can be overwritten by that account's own payment
"""Exercise 2.4a: a bank whose transfers keep the books straight."""
import asyncio

ROUND_TRIP = 0.25          # seconds the database takes to confirm a write


class Bank:
    def __init__(self, balances):
        self.balances = dict(balances)
        self.locks = {name: asyncio.Lock() for name in balances}

    async def transfer(self, src, dst, amount):
        async with self.locks[src]:
            balance = self.balances[src]
            if balance < amount:
                return False
            await asyncio.sleep(ROUND_TRIP)
            self.balances[src] = balance - amount
        self.balances[dst] = self.balances[dst] + amount
        return True


# ---- leave the rest as it is: the checks call these functions -----------

async def run_day(balances, moves):
    """Every move [src, dst, amount] runs at the same time as the others."""
    bank = Bank(balances)
    accepted = await asyncio.gather(
        *(bank.transfer(src, dst, amount) for src, dst, amount in moves))
    return {"balances": bank.balances, "accepted": accepted}


async def two_tellers(balances, moves_a, moves_b):
    """Two tellers work at the same time, each through its own list of
    moves, one move after the other."""
    bank = Bank(balances)

    async def teller(moves):
        done = []
        for src, dst, amount in moves:
            done.append(await bank.transfer(src, dst, amount))
        return done

    a, b = await asyncio.gather(teller(moves_a), teller(moves_b))
    return {"balances": bank.balances, "accepted": a + b}


BALANCES = {"ann": 100, "bob": 20, "cy": 0, "dee": 50}
MOVES = [["ann", "bob", 60], ["ann", "bob", 60], ["bob", "cy", 20],
         ["dee", "cy", 30]]


async def main():
    day = await run_day(BALANCES, MOVES)
    for name, balance in day["balances"].items():
        print(f"{name}: {balance}")
    print(f"total: {sum(day['balances'].values())}")
    print(f"accepted: {sum(day['accepted'])} of {len(MOVES)}")
    return day


if __name__ == "__main__":
    asyncio.run(main())
